"""The files people open in Excel: the entry template, its import (read and checked), the table exports."""
