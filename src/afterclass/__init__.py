"""afterclass: analysis of AI-tutoring sessions after they end."""

__version__ = "0.1.0"
