"""Tools for developers, shared by the tests and the benches (never imported by the app):
`streamlit_server` starts the dashboard and waits for a page to be idle in Chromium;
`import_graph` checks which package imports which against docs/architecture.md."""
