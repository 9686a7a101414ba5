"""The evaluation report as files: charts (matplotlib), the HTML page and README (Jinja2), one CSV per table."""
