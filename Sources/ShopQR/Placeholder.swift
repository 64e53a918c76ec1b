public enum ShopQRPlaceholder {}
