"""The OKR domain: models, maths and meeting agenda. No I/O, no Textual, no TinyDB."""
