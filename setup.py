"""Build-time package layout that pyproject.toml alone cannot express.

The design card keeps Jinja templates in the top-level `templates/` folder; the built package
must carry them, so that folder is mapped to the sub-package `generator.templates` (read at run
time with `importlib.resources`). Everything else about the build lives in pyproject.toml.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["generator", "generator.*"]), "generator.templates"],
    package_dir={"generator.templates": "templates"},
    package_data={
        "generator": ["py.typed"],
        "generator.runtime": ["*.py"],
        "generator.templates": ["*.jinja"],
    },
    include_package_data=False,
)
