"""veeduria.ingest"""
