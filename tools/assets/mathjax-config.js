// formulas are typeset by MathJax when the reader is online; offline they stay readable TeX
window.MathJax = {tex: {inlineMath: [['$', '$'], ['\\(', '\\)']]}};
