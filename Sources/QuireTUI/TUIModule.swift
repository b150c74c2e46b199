import CNCursesW
import QuireCore
import QuireRender
