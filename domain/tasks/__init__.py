"""The work programme's rules (pure): the catalogue read from data/ (`catalog`, `catalog_types`,
`reporting_agencies`), due dates from the programme's deadline phrases (`deadlines`,
`deadline_phrases`, `deadline_wording`) and the task board (`board`)."""
