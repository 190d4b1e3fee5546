"""veeduria.resolve"""
