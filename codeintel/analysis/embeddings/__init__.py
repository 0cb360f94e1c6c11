"""Learned analysis: a sentence encoder for code and text (encoder.py); later, the index, the
search and the semantic clones built on its vectors."""
