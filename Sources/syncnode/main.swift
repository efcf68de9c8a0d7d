print("syncnode")
