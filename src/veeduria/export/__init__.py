"""veeduria.export"""
