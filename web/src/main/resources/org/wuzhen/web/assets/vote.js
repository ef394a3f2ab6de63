// Vote signing (issue 16): not built yet.
