"""veeduria.review"""
