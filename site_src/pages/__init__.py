"""The site's side of the seam: figures and tables rendered from the calculator's data."""
