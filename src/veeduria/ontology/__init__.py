"""veeduria.ontology"""
