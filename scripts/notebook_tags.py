"""Cell tags that decide where a notebook's cell is shown.

A markdown cell tagged :data:`LAB_ONLY` speaks to a reader in JupyterLab: it tells them to run
the notebook (*Run › Run All Cells*), to start JupyterLab (``make lab``) or where JupyterLab's
menus are. `make present` (Voila, ``scripts/present.py``) and `make html` (the handout,
``scripts/build_html.py``) leave such cells out; JupyterLab shows every cell.
"""

LAB_ONLY = "jupyterlab-only"
