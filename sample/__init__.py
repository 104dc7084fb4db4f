"""The sample history: a deterministic, plausible record of 2011–2015 for a database with no real
assessments, flagged `is_sample` on every row and recorded as `domain.authors.SAMPLE_AUTHOR`.

- `sample.history`: the generator (pure): which criteria each commune meets each month, the pilots;
- `sample.loader`: loads it into a database (bulk insert) and clears it, with the parts below;
- `sample.tasks`: the work programme's sample (status updates, report receipts, visits);
- `sample.meetings`: three committee meetings of 2013.

Loading and clearing as an action of a person go through `services.sample_data`; the first start of
an empty database loads it by itself (`data_access.bootstrap`).
"""
