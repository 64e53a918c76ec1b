// ShopUI: the app without a terminal.
