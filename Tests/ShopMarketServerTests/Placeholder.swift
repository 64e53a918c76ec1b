// Tests arrive with the target.
