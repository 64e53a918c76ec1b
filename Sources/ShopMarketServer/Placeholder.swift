public enum ShopMarketServerPlaceholder {}
