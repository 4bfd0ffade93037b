"""Written-out solutions, one file per lesson, read as text by ``solution()``: never imported."""
