DOCS: list = []
