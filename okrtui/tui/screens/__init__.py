"""The app's screens; each is imported lazily by `OkrApp.first_screen`."""
