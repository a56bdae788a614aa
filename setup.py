"""Ships the repo's `themes/` folder inside the wheel, as the package data of `okrtui.builtin_themes`.

pyproject.toml cannot add a package from another folder to automatic discovery, so the package list
is built here; everything else lives in pyproject.toml.
"""

from setuptools import find_namespace_packages, setup

setup(
    packages=[*find_namespace_packages(include=["okrtui", "okrtui.*"]), "okrtui.builtin_themes"],
    package_dir={"okrtui.builtin_themes": "themes"},
)
