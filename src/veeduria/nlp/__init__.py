"""veeduria.nlp"""
