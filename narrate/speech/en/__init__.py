"""English rules of the normaliser: numbers, dates and times, phone numbers, words."""
