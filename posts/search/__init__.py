"""Search: one box in the navigation, /search/, over what the user can see."""
