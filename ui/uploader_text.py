"""Streamlit 1.67 draws the file uploader's button ("Upload") and size line ("200MB per file") in
English and has no setting to translate them. On a Vietnamese page this CSS hides those two
texts and shows Vietnamese words in their place (the label and help are ours already)."""
from __future__ import annotations

import streamlit as st

_CSS = """<style>
[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] [data-testid="stMarkdownContainer"] p
  {display: none;}
[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] [data-testid="stMarkdownContainer"]::after
  {content: "%(button)s";}
[data-testid="stFileUploaderDropzoneInstructions"] span {display: none;}
[data-testid="stFileUploaderDropzoneInstructions"] > div::after {content: "%(limit)s"; font-size: 0.875rem;}
</style>"""


def uploader_in_language(ctx) -> None:
    """Call once before st.file_uploader on a page (in English the catalogue's words are Streamlit's)."""
    limit = st.get_option("server.maxUploadSize")
    st.html(_CSS % {"button": ctx.t("upload.button"), "limit": ctx.t("upload.limit", size=limit)})
