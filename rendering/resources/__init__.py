"""Block Kit for the resource library: results, forms, shares and the weekly digest."""
