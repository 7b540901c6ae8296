"""Country-neutral machinery: rule loading, schedules, money, dates, digits, errors."""
