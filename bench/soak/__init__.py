"""Driver processes of the soak (``python bench/run.py soak``): each one a long-lived writer that logs
every change the program acknowledged to a ledger, so the end check can compare them with the file."""
