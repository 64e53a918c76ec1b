print("reelshop")
