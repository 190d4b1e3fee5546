"""veeduria.store"""
