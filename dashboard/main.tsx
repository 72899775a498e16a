/** The dashboard's entry point: the styles, the store, then the frame in #app. */
import { render } from 'preact';
import { App } from './app.js';
import { startStore } from './data/store.js';
import './ui/base.css';

startStore();
const root = document.getElementById('app');
if (root !== null) render(<App />, root);
