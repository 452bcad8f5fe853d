"""The dataset: its columns, the readers of CSV/XLSX as staff save them, every problem located
(file, row, column, value, fix), the store that keeps the working dataset, and the settled
places. The first room of the flow: read → place → select → draw/publish."""
