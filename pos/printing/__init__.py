"""Documents as PDF bytes (reportlab) and, later, ESC/POS output. Imports no Qt."""
