"""Document generation from plain data: Excel workbooks (``documents.excel``) and PDFs.

Nothing here touches the database or Qt; services gather the data and call these writers.
"""
