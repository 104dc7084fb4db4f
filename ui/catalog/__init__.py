"""Translation catalogues, one module per page or concern, each with VI and EN dicts."""
