"""factcheck-workbench: pull claims out of news articles, judge them, and leave an auditable trail."""

__version__ = "0.1.0"
