"""The script the escaping tests write into every field."""

XSS = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'
# What the payload would look like had it been written out as markup.
RAW = ("<script>window.__xss", "<img src=x onerror")
