"""The drafts review: finish or discard the KRs an import left as drafts, one pass, keyboard only."""
