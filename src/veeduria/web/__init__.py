"""veeduria.web"""
