"""The sales report's breakdown keys and how many rows it shows: plain constants, so the command
line can offer them without loading the database layer."""

KEYS = (
    "product",
    "category",
    "workshop",
    "payment",
    "cashier",
    "hour",
    "day",
    "month",
    "channel",
    "stand",
)

TOP_ROWS = 100  # a report shows the top rows by net and the others added up (--all: every row)
