public enum ShopMarketHTTPPlaceholder {}
