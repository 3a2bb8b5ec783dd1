"""Pure domain logic: money, barcodes, the cart. Imports neither Qt nor SQLAlchemy."""
