"""The app in a browser (`okrtui serve`): textual-serve runs one okrtui per browser tab, behind a token.

Imported only by `okrtui serve`: textual-serve and aiohttp are an optional extra (`okrtui[serve]`).
"""
