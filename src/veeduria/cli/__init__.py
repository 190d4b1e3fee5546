"""veeduria.cli"""
