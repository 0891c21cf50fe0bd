"""Analytics over the collaboration network: projection, centrality, communities, gaps, recommendations."""
