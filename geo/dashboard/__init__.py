"""The dashboard's logic, free of Streamlit: the view a link or the widgets ask for, the live
map that swaps its points in place, the charts, the downloads and the working dataset the page
shows. ``app_pages/`` lays it out."""
