"""veeduria.query"""
