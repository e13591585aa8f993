"""Demo books: believable customer books for the demo guides, and `guide-app demo` that makes them."""
