"""``python -m geotrack``: the same command line as ``geotrack``."""

from geotrack.cli import app

if __name__ == "__main__":
    app(prog_name="geotrack")
